from . import taxes


def total(lines):
    subtotal = sum(qty * price for qty, price in lines)
    return subtotal + taxes.vat(subtotal)
