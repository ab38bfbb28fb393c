from storage import save, load, pack, connect


def main():
    connect("mem://local")
    save("user:1", {"name": "ada", "admin": True})
    print(load("user:1"))
    print(pack([1, 2, 3]))


if __name__ == "__main__":
    main()
