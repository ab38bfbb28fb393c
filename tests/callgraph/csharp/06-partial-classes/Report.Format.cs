namespace Reporting
{
    public static partial class Report
    {
        private static string FormatRow(int value) => $"- {Pad(value)}";

        private static string Pad(int value) => value.ToString().PadLeft(5);

        public static string Footer(int count) => Header("footer").Trim() + $" {count} rows";
    }
}
