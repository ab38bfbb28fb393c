using System;
using System.Collections.Generic;
using System.Linq;
using Warehouse;

namespace Demo
{
    public static class Program
    {
        public static void Main()
        {
            var inventory = new Inventory();
            inventory.Add("apple", 3);
            inventory.Add("pear", 2);
            Console.WriteLine($"{inventory.Count()} items, has pear: {inventory.Contains("pear")}");
            Console.WriteLine(string.Join(",", inventory.Names()));
            Console.WriteLine(CountWords(new[] { "a b", "c" }));
        }

        static int CountWords(string[] lines)
        {
            var words = new List<string>();
            foreach (var line in lines)
                words.AddRange(line.Split(' '));
            var seen = new HashSet<string>(words);
            words.Add("extra");
            return words.Count() + (seen.Contains("a") ? 1 : 0);
        }
    }
}
