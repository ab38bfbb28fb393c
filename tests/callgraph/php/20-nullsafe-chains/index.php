<?php

require_once 'src/Profile.php';
require_once 'src/Account.php';
require_once 'src/AccountBook.php';

use App\{Account, AccountBook, Profile};

$book = new AccountBook();
$book->add(new Account('ada@example.org', new Profile('ada.png')));
$book->add(new Account('bob@example.org'));
foreach (['ada@example.org', 'bob@example.org', 'nobody@example.org'] as $email) {
    echo $book->avatarFor($email), "\n";
}
$maybe = $book->find('bob@example.org');
echo $maybe?->email() ?? 'none', "\n";
