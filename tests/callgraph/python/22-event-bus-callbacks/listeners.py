def send_welcome(user):
    print(f"welcome, {user['name']}")


def on_signup(user):
    send_welcome(user)


def on_order(order):
    print(f"order {order['id']} received")
