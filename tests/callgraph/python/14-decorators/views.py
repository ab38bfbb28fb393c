from registry import route, timed


def render(name):
    return f"<h1>{name}</h1>"


@route("/")
def index():
    return render("home")


@route("/about")
@timed
def about():
    return render("about")
