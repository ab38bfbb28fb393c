using System;
using Acme.Reports;

namespace Acme
{
    public static class Program
    {
        public static void Main()
        {
            var body = "  fish & <chips>  ";
            Console.WriteLine(new TextReport().Render(body));
            Console.WriteLine(new HtmlReport().Render(body));
            Console.WriteLine(string.Format("{0} chars", body.Length));
        }
    }
}
