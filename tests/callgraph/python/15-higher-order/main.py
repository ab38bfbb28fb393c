from transforms import apply_all, collapse_ws, compose, strip_tags


def shout(text):
    return text.upper()


def clean(items):
    pipeline = compose(strip_tags, collapse_ws, shout)
    return apply_all(pipeline, items)


def main():
    docs = ["<b>hi</b>   there", "plain  text"]
    print(clean(docs))
    print(sorted(docs, key=lambda doc: len(strip_tags(doc))))
    print(list(map(shout, docs)))


if __name__ == "__main__":
    main()
