from .. import output


def run(config):
    output.info(f"{len(config.values)} settings loaded")
    if not config.values:
        output.warn("no configuration file found")
    return 0
