<?php

require_once 'src/Collection.php';

use App\Collection;

function count_words(array $lines): int
{
    $total = 0;
    foreach ($lines as $line) {
        $total += count(explode(' ', $line));
    }
    return $total;
}

$numbers = new Collection([1, 2, 3, 4]);
$even = $numbers->filter(fn ($n) => $n % 2 === 0)->map(fn ($n) => $n * 10);
echo $even->count(), ' ', $even->implode(','), "\n";
echo count_words(['a b', 'c']), ' ', strlen('abc'), "\n";
