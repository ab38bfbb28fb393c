namespace Acme.Html
{
    public static class Formatter
    {
        public static string Format(string text) => $"<p>{Encode(text)}</p>";

        private static string Encode(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;");
    }
}
