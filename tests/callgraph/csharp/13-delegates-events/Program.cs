using System;
using Events;

namespace Demo
{
    public static class Program
    {
        public static void Main()
        {
            var pipeline = new Pipeline();
            pipeline.Add(Trim).Add(s => Shout(s)).Add(Reverse);
            pipeline.Completed += OnCompleted;
            Transform direct = Shout;
            Console.WriteLine(direct("hey"));
            Console.WriteLine(pipeline.Execute("  hello "));
        }

        static string Trim(string s) => s.Trim();

        static string Shout(string s) => s.ToUpperInvariant() + "!";

        static string Reverse(string s)
        {
            var chars = s.ToCharArray();
            Array.Reverse(chars);
            return new string(chars);
        }

        static void OnCompleted(object sender, string result) => Console.WriteLine($"done: {result}");
    }
}
