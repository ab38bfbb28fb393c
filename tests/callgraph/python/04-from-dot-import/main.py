from app import jobs

if __name__ == "__main__":
    print(jobs.run(["host: db1", "port:"]))
    print(jobs.schedule(["backup;1", "deploy;5", "lint"]))
