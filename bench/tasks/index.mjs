// The scripted tasks of "Tokens per task", in the order the bench prints them.
import answerLongestWaiting from "./answer-longest-waiting.mjs";
import summariseCustomer from "./summarise-customer.mjs";
import tagAndResolve from "./tag-and-resolve.mjs";
import updateArticle from "./update-article.mjs";

export const TASKS = [answerLongestWaiting, summariseCustomer, tagAndResolve, updateArticle];
