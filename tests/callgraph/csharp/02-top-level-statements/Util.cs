namespace Tools
{
    public static class Util
    {
        public static string Describe(string raw) => $"not a number: '{Pad(raw, 0)}'";

        public static string Pad(string text, int width) => text.PadLeft(width);
    }
}
