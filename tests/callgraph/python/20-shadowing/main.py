from textproc import helper as strip_helper
from textproc import load, load_pairs, transform


def run():
    print(load('{"a": 1}'))
    print(load_pairs("a=1\nb=2"))
    print(transform([" x ", "y "], strip_helper))


def report():
    def load_pairs(text):
        return [pair.split(":") for pair in text.split()]

    return load_pairs("a:1 b:2")


if __name__ == "__main__":
    run()
    print(report())
