import textutil as tu
from textutil import truncate as cut


def helper(title):
    return title.title()


def run(titles):
    for title in tu.helper(titles):
        slug = tu.slugify(title)
        print(cut(helper(title), 12), slug)


if __name__ == "__main__":
    run(["hello world", "", "a much longer headline here"])
