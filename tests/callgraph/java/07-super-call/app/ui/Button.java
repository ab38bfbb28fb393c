package app.ui;

public class Button extends Widget {
    @Override
    public String render() {
        log("render button");
        return super.render() + wrap("button", label());
    }

    private String label() {
        return "OK";
    }
}
