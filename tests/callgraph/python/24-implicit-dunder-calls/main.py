from resources import Countdown, Timer


def main():
    with Timer() as timer:
        total = sum(Countdown(3))
    print(total, len(Countdown(2)), timer.elapsed > 0)


if __name__ == "__main__":
    main()
