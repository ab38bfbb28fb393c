from inventory import Inventory


def main():
    inv = Inventory()
    inv.restock_sku("apple", 10)
    ok = inv.reserve_units("apple", 4)
    print(ok, inv.stock, inv.history)


if __name__ == "__main__":
    main()
