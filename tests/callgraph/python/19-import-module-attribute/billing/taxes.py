def rounded(amount):
    return round(amount + 1e-9, 2)


def vat(amount, rate=0.2):
    return rounded(amount * rate)
