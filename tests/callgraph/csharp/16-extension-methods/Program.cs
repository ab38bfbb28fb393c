using System;
using Toolkit.Extensions;

namespace Demo
{
    public static class Program
    {
        public static void Main()
        {
            var title = "  Hello, World -- Again ";
            Console.WriteLine(title.Slugify());
            Console.WriteLine(title.WordCount());
            Console.WriteLine(StringExtensions.CollapseDashes("a---b"));
        }
    }
}
