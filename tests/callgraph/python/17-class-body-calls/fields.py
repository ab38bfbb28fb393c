def field(kind, default=None):
    return {"kind": kind, "default": default}


def choices(*values):
    spec = field("choice", values[0])
    spec["values"] = list(values)
    return spec
