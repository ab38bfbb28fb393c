"""Summarise a list of order totals in one file."""


def parse(line):
    parts = line.split(",")
    return parts[0].strip(), float(parts[1])


def total(rows):
    return sum(amount for _, amount in rows)


def format_money(value):
    return f"{value:,.2f}"


def render(rows):
    lines = [f"{name}: {format_money(amount)}" for name, amount in rows]
    lines.append("total: " + format_money(total(rows)))
    return "\n".join(lines)


def main():
    raw = ["alice, 12.5", "bob, 7.25", "carol, 100"]
    rows = [parse(line) for line in raw]
    print(render(rows))


if __name__ == "__main__":
    main()
