/**
 * Passwords attackers try first: the top of the public leaked-password frequency lists (English and
 * Chinese sites), written from those lists' well-known heads, plus the words people build 10+
 * character passwords from (a word with digits or a year after it). The policy compares lower-case,
 * and also with leading and trailing digits and punctuation removed ("Password2026!" → "password").
 */
export const COMMON_PASSWORDS: readonly string[] = [
  // keyboard walks and digit runs
  '123456', '1234567', '12345678', '123456789', '1234567890', '12345678910', '0123456789', '0987654321', '9876543210',
  '111111', '1111111111', '000000', '0000000000', '666666', '888888', '8888888888', '123123', '123123123', '123321',
  '654321', '112233', '121212', '147258369', '159357', '147258', '741852963', '123654', '5201314', '1314520', '520520',
  'qwerty', 'qwertyuiop', 'qwerty123', 'qwertyui', 'asdfgh', 'asdfghjkl', 'zxcvbn', 'zxcvbnm', 'qazwsx', 'qazwsxedc',
  '1qaz2wsx', '1qaz2wsx3edc', '1q2w3e4r', '1q2w3e4r5t', '1q2w3e', 'q1w2e3r4', 'q1w2e3r4t5', 'zaq12wsx', '!qaz2wsx',
  'abc123', 'abcd1234', 'a123456', 'a12345678', 'aa123456', 'a1b2c3d4', 'abcdef', 'abcdefg', 'abcdefgh', 'abcd123456',
  'asd123', 'qwe123', 'zxc123', 'qweasd', 'qweasdzxc', 'asdasd', 'aaaaaa', 'aaaaaaaaaa',
  // words
  'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pass', 'passwd', 'password1', 'letmein', 'welcome', 'welcome1',
  'admin', 'administrator', 'root', 'toor', 'guest', 'user', 'test', 'test123', 'testing', 'default', 'changeme',
  'secret', 'login', 'master', 'monkey', 'dragon', 'football', 'baseball', 'basketball', 'soccer', 'hockey', 'superman',
  'batman', 'iloveyou', 'princess', 'sunshine', 'shadow', 'michael', 'jennifer', 'jordan', 'charlie', 'freedom',
  'whatever', 'trustno1', 'starwars', 'hello', 'hellokitty', 'computer', 'internet', 'samsung', 'apple', 'google',
  'mustang', 'harley', 'ranger', 'buster', 'thomas', 'tigger', 'summer', 'winter', 'spring', 'autumn', 'flower',
  'lovely', 'love', 'loveme', 'forever', 'cookie', 'pepper', 'killer', 'hunter', 'ginger', 'orange', 'banana',
  'chocolate', 'cheese', 'matrix', 'maggie', 'ashley', 'daniel', 'andrew', 'joshua', 'robert', 'nicole', 'jessica',
  'qwertyqwerty', 'passwordpassword', 'company', 'office', 'summer2024', 'winter2024', 'spring2025', 'autumn2025',
  // Chinese sites: pinyin and numbers with meanings
  'woaini', 'woaini1314', 'woaini520', 'woaini123', 'iloveyou1314', 'aini1314', 'wangyi', 'taobao', 'weixin', 'qq123456',
  'zhang', 'wang', 'li', 'liu', 'chen', 'yang', 'huang', 'zhao', 'zhou', 'wu', 'xu', 'sun', 'ma', 'zhu', 'hu', 'guo',
  'he', 'lin', 'luo', 'gao', 'zhangwei', 'wangwei', 'wangfang', 'liwei', 'liuyang', 'zhanglei', 'mima', 'mimamima',
  'nihao', 'nihao123', 'zhongguo', 'china', 'beijing', 'shanghai', 'shenzhen', 'guangzhou', 'xiaoming', 'baobao',
  'tiantian', 'kuaile', 'xingfu', 'aiqing', 'pengyou', 'laopo', 'laogong', 'jiayou', 'fuck', 'fuckyou',
  // this trade
  'callguard', 'callguard1', 'cuishou', 'yinhang', 'bank', 'banking', 'collection', 'collector', 'compliance',
  'supervisor', 'reviewer', 'qareview', 'zhijian', 'huashu', 'kefu', 'service',
];
