import billing.currency as cur
import billing.invoices
from billing import taxes as tx


def main():
    lines = [(2, 9.99), (1, 25.0)]
    amount = billing.invoices.total(lines)
    print(cur.format(amount), cur.format(tx.vat(amount)))
    print(format(amount, ".1f"))


if __name__ == "__main__":
    main()
