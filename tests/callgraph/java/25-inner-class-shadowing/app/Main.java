package app;

import app.docs.Document;

public class Main {
    public static void main(String[] args) {
        Document doc = new Document();
        System.out.println(doc.render());
        System.out.println(doc.title());
    }
}
