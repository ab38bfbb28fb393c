from svc.api.handlers import get, get_many


def main():
    print(get("greeting"))
    print(get_many(["answer", "missing"]))


if __name__ == "__main__":
    main()
