import os

import text
from collection import Bag
from paths import join, normalize


def main():
    bag = Bag().extend_all(["a", "b", "a"])
    names = []
    names.append(join("srv", "data"))
    names.append(os.path.join("srv", "logs"))
    names.append(normalize("srv/cache/"))
    print(", ".join(names), bag.items)
    print(text.format("{who} has {n} items", who="bag", n=len(bag.items)))
    print("{} items".format(len(names)))


if __name__ == "__main__":
    main()
