using System;
using System.Collections.Generic;
using System.Linq;

namespace Scoring
{
    public static class Program
    {
        public static void Main(string[] args)
        {
            var scores = new List<int> { 7, 3, 9, 4 };
            Console.WriteLine(Summarize(scores));
        }

        static string Summarize(List<int> scores)
        {
            int Normalize(int raw) => Math.Min(raw * 10, MaxScore());

            string Label(int score)
            {
                return score >= 80 ? Grade("high") : Grade("low");
            }

            Func<int, string> describe = s => $"{s}:{Label(Normalize(s))}";
            var parts = scores.Select(s => describe(s)).ToList();
            parts.ForEach(p => Log(p));
            return string.Join(", ", parts);
        }

        static int MaxScore() => 100;

        static string Grade(string level) => level.ToUpperInvariant();

        static void Log(string message) => Console.Error.WriteLine(message);
    }
}
