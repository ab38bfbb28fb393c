<?php

require_once 'src/Models/User.php';
require_once 'src/Models/Post.php';
require_once 'src/Feed.php';

use App\Feed;
use App\Models\{User, Post};

$grace = new User('Grace');
$feed = Feed::demo()->add(new Post($grace, 'COBOL'));
echo $feed->render(), "\n";
