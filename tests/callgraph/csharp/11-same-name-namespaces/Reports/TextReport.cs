using Acme.Text;

namespace Acme.Reports
{
    public class TextReport
    {
        public string Render(string body) => Formatter.Title("report") + "\n" + Formatter.Format(body);
    }
}
