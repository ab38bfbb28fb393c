from ..output import info


def run(config):
    remote = config.values.get("remote", "origin")
    info(f"syncing with {remote}")
    return 0
