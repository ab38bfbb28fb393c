using System.Collections.Generic;

namespace Reporting
{
    public static partial class Report
    {
        public static string Build(string title, IEnumerable<int> values)
        {
            var rows = new List<string>();
            foreach (var v in values)
                rows.Add(FormatRow(v));
            return Header(title) + string.Join("\n", rows);
        }

        private static string Header(string title) => $"# {title}\n";
    }
}
