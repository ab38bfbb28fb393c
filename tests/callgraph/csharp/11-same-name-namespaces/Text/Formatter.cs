namespace Acme.Text
{
    public static class Formatter
    {
        public static string Format(string text) => text.Trim();

        public static string Title(string text) => Format(text).ToUpperInvariant();
    }
}
