<?php

// Word statistics over a few lines of text, all in one script.

function helper(string $word): string
{
    return strtolower(trim($word, " .,!?"));
}

function parse(string $line): array
{
    $words = array_map(fn ($w) => helper($w), explode(' ', $line));
    return array_values(array_filter($words, fn ($w) => $w !== ''));
}

function run(array $lines): array
{
    $counts = [];
    foreach ($lines as $line) {
        foreach (parse($line) as $word) {
            $counts[$word] = ($counts[$word] ?? 0) + 1;
        }
    }
    arsort($counts);
    return $counts;
}

function report(array $counts): void
{
    foreach (array_slice($counts, 0, 3, true) as $word => $n) {
        echo "$word: $n\n";
    }
}

report(run(['The cat sat.', 'The dog sat down!', 'A cat, a dog.']));
