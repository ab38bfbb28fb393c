from . import util


def parse(raw):
    """Jobs accept 'name;priority' records."""
    name, _, priority = raw.partition(";")
    return name, int(priority or 0)


def run(items):
    return [util.helper(util.parse(item)) for item in items]


def schedule(records):
    queue = sorted((parse(r) for r in records), key=lambda job: -job[1])
    return [name for name, _ in queue]
