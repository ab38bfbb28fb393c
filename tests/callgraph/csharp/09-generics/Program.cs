using System;
using Caching;

namespace Demo
{
    public static class Program
    {
        public static void Main()
        {
            var cache = new Cache<string, int>();
            var n = cache.GetOrAdd("answer", key => Parsing.Parse<int>("42"));
            var all = Parsing.ParseAll<double>(new[] { "1.5", "2" });
            Console.WriteLine($"{n} {all.Count} {cache.Count} {Parse("7")}");
        }

        static int Parse(string text) => int.Parse(text);
    }
}
