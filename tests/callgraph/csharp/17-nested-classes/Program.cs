using System;
using Parsing;

namespace Demo
{
    public static class Program
    {
        public static void Main()
        {
            var tokenizer = new Tokenizer();
            foreach (var token in tokenizer.Tokenize("add 2 and 40"))
                Console.WriteLine($"{token.Text}: {token.IsNumber()}");
            var manual = new Tokenizer.Token("word", "x");
            Console.WriteLine(manual.IsNumber());
        }
    }
}
