from models import Order


def main():
    order = Order(42, ["pen", "ink"])
    print(order.to_json())


if __name__ == "__main__":
    main()
