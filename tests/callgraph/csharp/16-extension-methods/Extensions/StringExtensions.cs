using System.Linq;
using System.Text;

namespace Toolkit.Extensions
{
    public static class StringExtensions
    {
        public static string Slugify(this string text)
        {
            var sb = new StringBuilder();
            foreach (var c in text.Trim().ToLowerInvariant())
                sb.Append(char.IsLetterOrDigit(c) ? c : '-');
            return sb.ToString().CollapseDashes();
        }

        public static string CollapseDashes(this string text)
        {
            while (text.Contains("--"))
                text = text.Replace("--", "-");
            return text.Trim('-');
        }

        public static int WordCount(this string text) => text.Split(' ').Count(w => w.Length > 0);
    }
}
