package app.docs;

public class Document {
    public String title() {
        return "doc";
    }

    public String render() {
        return new Section().render();
    }

    class Section {
        String title() {
            return "section";
        }

        String render() {
            return title() + " of " + Document.this.title();
        }
    }
}
