package app;

public class Main {
    public static void main(String[] args) {
        Printer printer = new Printer();
        printer.print(42);
        printer.print("hello");
        printer.print("bye", 2);
        flush(printer);
    }

    static void flush(Printer printer) {
        // PrintStream.print, not Printer.print
        System.out.print(printer.contents());
    }
}
