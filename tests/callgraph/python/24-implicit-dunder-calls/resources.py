import time


def now():
    return time.perf_counter()


def report(seconds):
    print(f"block took {seconds:.6f}s")


class Timer:
    def __enter__(self):
        self.start = now()
        return self

    def __exit__(self, *exc):
        self.elapsed = now() - self.start
        report(self.elapsed)
        return False


class Countdown:
    def __init__(self, start):
        self.current = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1

    def __len__(self):
        return self.current
