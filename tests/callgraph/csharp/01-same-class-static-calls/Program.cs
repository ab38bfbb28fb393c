using System;
using System.Collections.Generic;

namespace WordCount
{
    public static class Program
    {
        public static void Main(string[] args)
        {
            var lines = args.Length > 0 ? args : new[] { "The cat", "the dog", "a cat" };
            var counts = Run(lines);
            Report(counts);
        }

        static Dictionary<string, int> Run(IEnumerable<string> lines)
        {
            var counts = new Dictionary<string, int>();
            foreach (var line in lines)
            {
                foreach (var word in Parse(line))
                {
                    counts.TryGetValue(word, out var n);
                    counts[word] = n + 1;
                }
            }
            return counts;
        }

        static List<string> Parse(string line)
        {
            var words = new List<string>();
            foreach (var raw in line.Split(' '))
            {
                var word = Helper(raw);
                if (word.Length > 0)
                    words.Add(word);
            }
            return words;
        }

        static string Helper(string raw) => raw.Trim().ToLowerInvariant();

        static void Report(Dictionary<string, int> counts)
        {
            foreach (var pair in counts)
                Console.WriteLine($"{pair.Key}: {pair.Value}");
        }
    }
}
