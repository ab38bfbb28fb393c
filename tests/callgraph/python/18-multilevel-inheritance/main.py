from shapes.square import Square


def main():
    square = Square(3)
    print(square.summary_line())


if __name__ == "__main__":
    main()
