using Acme.Html;

namespace Acme.Reports
{
    public class HtmlReport
    {
        public string Render(string body) => Formatter.Format(body);
    }
}
