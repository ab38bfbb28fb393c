def parse(text):
    return [line.split(",") for line in text.strip().splitlines()]


def dump(rows):
    return "\n".join(",".join(row) for row in rows)
