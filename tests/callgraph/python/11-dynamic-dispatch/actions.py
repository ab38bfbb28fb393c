def log_event(payload):
    print("log:", payload)


def audit_event(payload):
    log_event({"audited": payload})


ACTIONS = {"log": log_event, "audit": audit_event}


def fire(name, payload):
    action = ACTIONS[name]
    action(payload)
