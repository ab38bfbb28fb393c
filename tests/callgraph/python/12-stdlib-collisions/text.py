def format(template, **values):
    out = template
    for key, value in values.items():
        out = out.replace("{" + key + "}", str(value))
    return out
