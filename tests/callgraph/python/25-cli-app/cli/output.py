def _emit(level, message):
    print(f"{level:5} {message}")


def info(message):
    _emit("INFO", message)


def warn(message):
    _emit("WARN", message)
