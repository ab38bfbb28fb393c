def clamp(value, limit=100):
    return min(value, limit)


def make_counter(start=0):
    count = start

    def increment(step=1):
        nonlocal count
        count = clamp(count + step)
        return count

    return increment


def make_pipeline(*funcs):
    def run(value):
        for fn in funcs:
            value = fn(value)
        return value

    return run


def main():
    counter = make_counter(5)
    counter()
    counter(3)

    def double(x):
        return x * 2

    pipeline = make_pipeline(double, clamp)
    print(pipeline(70), double(4))


if __name__ == "__main__":
    main()
