def format(amount, code="EUR"):
    return f"{amount:,.2f} {code}"
