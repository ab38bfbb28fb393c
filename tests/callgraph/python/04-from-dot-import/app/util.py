def parse(raw):
    key, _, value = raw.partition(":")
    return key.strip(), value.strip()


def helper(pair):
    key, value = pair
    return {key: value or None}
