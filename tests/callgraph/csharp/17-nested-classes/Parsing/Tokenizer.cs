using System.Collections.Generic;

namespace Parsing
{
    public class Tokenizer
    {
        public class Token
        {
            public Token(string kind, string text)
            {
                Kind = kind;
                Text = text;
            }

            public string Kind { get; }

            public string Text { get; }

            public bool IsNumber() => Kind == NumberKind();
        }

        private static string NumberKind() => "number";

        public List<Token> Tokenize(string input)
        {
            var tokens = new List<Token>();
            foreach (var part in input.Split(' '))
                tokens.Add(Classify(part));
            return tokens;
        }

        private Token Classify(string part) =>
            new Token(int.TryParse(part, out _) ? NumberKind() : "word", part);
    }
}
